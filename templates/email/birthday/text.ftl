<#-- Plain-text twin of html.ftlh: same words from words.ftl. -->
<#include "words.ftl">
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
${wrap("🎂  " + headline)}

<#list message as para>
${wrap(para)}

</#list>
${signoff}
${zh?then("—— ", "— ")}${sender.name}

-- 
${sender.name}
${wrap(sender.address)}
${wrap(zh?then("作为${sender.name}的客户，您会在生日这天收到我们的祝福。", "As a customer of ${sender.name}, you receive a card from us on your birthday."))}
<#if unsubscribeUrl?has_content>
${zh?then("退订：", "Unsubscribe: ")}${unsubscribeUrl}
</#if>
