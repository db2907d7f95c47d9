<#-- Plain-text twin of html.ftlh: same words from words.ftl. -->
<#include "words.ftl">
<#assign zh = lang == "zh">
<#-- Lines are wrapped by the engine (76 columns, CJK-aware), so words are written out whole here. -->
${"🎂  " + headline}

<#list message as para>
${para}

</#list>
${signoff}
${zh?then("—— ", "— ")}${sender.name}

-- 
${sender.name}
${sender.address}
${zh?then("作为${sender.name}的客户，您会在生日这天收到我们的祝福。", "As a customer of ${sender.name}, you receive a card from us on your birthday.")}
<#if unsubscribeUrl?has_content>
${zh?then("退订：", "Unsubscribe: ")}${unsubscribeUrl}
</#if>
