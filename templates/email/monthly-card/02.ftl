<#-- February: Spring Festival lanterns and Valentine's warmth; festive red, soft rounded card. -->
<#assign
  motif = "🏮"
  canvas = "#7F1D1D"
  canvasInk = "#F5D6C6"
  paper = "#FFF5E6"
  ink = "#4A1410"
  accent = "#B81F26"
  borderStyle = "solid"
  borderWidth = 3
  cornerRadius = 20
  headAlign = "center"
>
<#if lang == "zh">
  <#assign
    subjectLine = "${who}，给您拜个年"
    headline = "${who}，新春快乐！"
    message = [
      "又是一年新春时。无论您是回家团圆，还是和身边的亲友小聚，愿这份红红火火的喜气一直陪着您。",
      "二月是珍惜身边人的月份。谢谢您一路以来的信任，祝您和家人新春吉祥，阖家幸福。"
    ]
    signoff = "我喜欢您这位朋友。新春大吉！"
  >
<#else>
  <#assign
    subjectLine = "A little February card, ${who}"
    headline = "Warm wishes this February, ${who}"
    message = [
      "February is a month for the people we hold dear: for Valentine's Day, and for families celebrating the Lunar New Year.",
      "We simply wanted you to know that you are one of the people we think of fondly. May the weeks ahead be full of warmth and good company."
    ]
    signoff = "I like you. Truly."
  >
</#if>
