<#--
  Birthday words, shared by subject.ftl, html.ftlh and text.ftl so the three
  parts never drift apart. Plain strings only; html.ftlh escapes at output.
  Assigns: who, subjectLine, headline, message (sequence), signoff.
  No age and no offer on purpose: the card is about the person, not a sale.
-->
<#assign who = (lang == "zh")?then(customer.fullName, customer.firstName)>
<#if !who?has_content><#assign who = customer.fullName?has_content?then(customer.fullName, (lang == "zh")?then("朋友", "friend"))></#if>
<#if lang == "zh">
  <#assign
    subjectLine = "${who}，生日快乐！"
    headline = "${who}，生日快乐！"
    message = [
      "今天是属于您的日子。别的不多说，只想祝您被爱的人围绕，吃到最喜欢的食物，再收到一个小小的惊喜。",
      "谢谢您出现在我们的生活里。愿您新的一岁平安喜乐，所愿皆所得。"
    ]
    signoff = "我喜欢您这位朋友。生日快乐！"
  >
<#else>
  <#assign
    subjectLine = "Happy birthday, ${who}!"
    headline = "Happy birthday, ${who}!"
    message = [
      "Today is all about you, so we will keep this short: we hope your day is filled with the people you love, your favourite food and at least one lovely surprise.",
      "Thank you for being part of our world. Here is to a year ahead that is every bit as good as you deserve."
    ]
    signoff = "I like you. Have a wonderful day!"
  >
</#if>
