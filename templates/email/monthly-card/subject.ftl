<#-- A mail header must be exactly one line, however the month file is laid out. -->
<#compress>
<#assign who = (lang == "zh")?then(customer.fullName, customer.firstName)>
<#if !who?has_content><#assign who = customer.fullName?has_content?then(customer.fullName, (lang == "zh")?then("朋友", "friend"))></#if>
<#include month?string("00") + ".ftl">
${subjectLine?replace(r"\s+", " ", "r")?trim}
</#compress>
