<#-- Plain-text twin of html.ftlh. -->
<#assign zh = lang == "zh">
<#assign who = zh?then(customer.fullName, customer.firstName)>
<#assign day = holiday.name?has_content?then(holiday.name, zh?then("节日", "the holidays"))>
<#if zh>
${who?has_content?then(who, "朋友")}，您好：

值此${day}，${sender.name}全体同仁祝您和家人节日快乐，万事如意！感谢您一直以来的支持。
<#else>
Dear ${who?has_content?then(who, "friend")},

Happy ${day}! Everyone at ${sender.name} wishes you and your family a wonderful day, and thanks you for being with us.
</#if>

-- 
${sender.name}
${sender.address}
<#if unsubscribeUrl?has_content>
${zh?then("退订：", "Unsubscribe: ")}${unsubscribeUrl}
</#if>
