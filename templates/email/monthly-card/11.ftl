<#-- November: the month for thanks; a cup of tea, quiet walnut on parchment, plain dotted edge. -->
<#assign
  motif = "🍵"
  canvas = "#E8E1D6"
  canvasInk = "#5B4E3F"
  paper = "#FFFEFB"
  ink = "#33291F"
  accent = "#84552A"
  borderStyle = "dotted"
  borderWidth = 3
  cornerRadius = 14
  headAlign = "left"
>
<#if lang == "zh">
  <#assign
    subjectLine = "${who}，十一月，想对您说声谢谢"
    headline = "${who}，谢谢您"
    message = [
      "十一月，天渐渐冷了，正是该说声谢谢的时候。",
      "谢谢您这一年来的信任、每一次光临和每一句鼓励，我们都记在心里。天冷了，记得添衣，喝杯热茶。"
    ]
    signoff = "我喜欢您这位朋友，也感谢有您。"
  >
<#else>
  <#assign
    subjectLine = "${who}, a thank-you card for you"
    headline = "Thank you, ${who}"
    message = [
      "November is the month for counting blessings, and you are one of ours.",
      "Thank you for your trust, your visits and your kind words throughout the year. We do not take any of it for granted."
    ]
    signoff = "I like you, and I am grateful for you."
  >
</#if>
