<#-- A mail header must be exactly one line. -->
<#compress>
<#include "words.ftl">
${subjectLine?replace(r"\s+", " ", "r")?trim}
</#compress>
