<#-- Plain-text twin of html.ftlh: same month file, same words. -->
<#assign who = (lang == "zh")?then(customer.fullName, customer.firstName)>
<#if !who?has_content><#assign who = customer.fullName?has_content?then(customer.fullName, (lang == "zh")?then("朋友", "friend"))></#if>
<#include month?string("00") + ".ftl">
<#assign zh = lang == "zh">
<#-- Lines are wrapped by the engine (76 columns, CJK-aware), so words are written out whole here. -->
${motif + "  " + headline}

<#list message as para>
${para}

</#list>
${signoff}
${zh?then("—— ", "— ")}${sender.name}

-- 
${sender.name}
${sender.address}
${zh?then("作为${sender.name}的客户，您每月会收到我们的一张卡片。", "As a customer of ${sender.name}, you receive a card from us each month.")}
<#if unsubscribeUrl?has_content>
${zh?then("退订：", "Unsubscribe: ")}${unsubscribeUrl}
</#if>
