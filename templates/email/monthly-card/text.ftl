<#-- Plain-text twin of html.ftlh: same month file, same words. -->
<#assign who = (lang == "zh")?then(customer.fullName, customer.firstName)>
<#if !who?has_content><#assign who = customer.fullName?has_content?then(customer.fullName, (lang == "zh")?then("朋友", "friend"))></#if>
<#include month?string("00") + ".ftl">
<#assign zh = lang == "zh">
<#--
  Plain text is shown as-is, so lines are wrapped here. CJK characters count
  as two columns and may break anywhere, except before closing punctuation;
  other words break only at spaces, and a long URL keeps a line of its own.
-->
<#assign cjk = r"\u2E80-\u9FFF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF">
<#function cols s>
  <#return s?length + s?replace("[^" + cjk + "]", "", "r")?length>
</#function>
<#function wrap text width=72>
  <#local out = "" line = "" gap = false>
  <#list text?matches(r"[“‘(]*(?:[" + cjk + r"]|[^\s" + cjk + r"]+)[，。、！？；：）」』》”’…—,.!?;:)]*|\s+") as tok>
    <#if tok?trim?has_content>
      <#local next = line + gap?then(" ", "") + tok>
      <#if line?has_content && cols(next) gt width>
        <#local out = out + line + "\n" line = tok>
      <#else>
        <#local line = next>
      </#if>
      <#local gap = false>
    <#else>
      <#local gap = line?has_content>
    </#if>
  </#list>
  <#return out + line>
</#function>
${wrap(motif + "  " + headline)}

<#list message as para>
${wrap(para)}

</#list>
${signoff}
${zh?then("—— ", "— ")}${sender.name}

-- 
${sender.name}
${wrap(sender.address)}
${wrap(zh?then("作为${sender.name}的客户，您每月会收到我们的一张卡片。", "As a customer of ${sender.name}, you receive a card from us each month."))}
<#if unsubscribeUrl?has_content>
${zh?then("退订：", "Unsubscribe: ")}${unsubscribeUrl}
</#if>
