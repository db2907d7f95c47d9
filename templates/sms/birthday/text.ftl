<#-- Birthday greeting as a text. No age and no offer: the message is about the person. -->
<#assign zh = lang == "zh">
<#assign who = zh?then(customer.fullName, customer.firstName)>
<#if !who?has_content><#assign who = zh?then("朋友", "friend")></#if>
<#if zh>
【${sender.name}】${who}，生日快乐！愿您被爱的人围绕，再收到一个小小的惊喜。我喜欢您这位朋友。
<#else>
${sender.name}: Happy birthday, ${who}! We hope your day is full of the people you love and at least one lovely surprise. I like you!
</#if>
