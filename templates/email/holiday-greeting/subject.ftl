<#-- A holiday greeting from the holiday-today segment: holiday.name is in the customer's language. -->
<#compress>
<#assign who = (lang == "zh")?then(customer.fullName, customer.firstName)>
<#assign day = holiday.name?has_content?then(holiday.name, (lang == "zh")?then("节日", "the holidays"))>
<#if lang == "zh">
${who?has_content?then(who + "，", "")}${sender.name}祝您${day}快乐
<#else>
Happy ${day}${who?has_content?then(", " + who, "")}, from ${sender.name}
</#if>
</#compress>
