<#-- Thank-you after a purchase, as a text. -->
<#assign zh = lang == "zh">
<#assign who = zh?then(customer.fullName, customer.firstName)>
<#if !who?has_content><#assign who = zh?then("朋友", "friend")></#if>
<#if zh>
【${sender.name}】${who}，谢谢您的光临！您的支持对我们意义重大。如有任何不满意，请随时告诉我们。
<#else>
${sender.name}: Thank you for shopping with us, ${who}. It means a lot to us. If anything is not right, just tell us and we will put it right.
</#if>
