<#-- April: Qingming outings and cherry blossom; blossom pink, dotted edge, very round card. -->
<#assign
  motif = "🌸"
  canvas = "#F3DCE4"
  canvasInk = "#6B3A4C"
  paper = "#FFFAFC"
  ink = "#3D2A33"
  accent = "#B23F6E"
  borderStyle = "dotted"
  borderWidth = 4
  cornerRadius = 28
  headAlign = "center"
>
<#if lang == "zh">
  <#assign
    subjectLine = "${who}，人间四月天，给您寄张卡片"
    headline = "${who}，四月好时光"
    message = [
      "清明时节，草木青青，是踏青的好时候，也是想念家人的时候。",
      "愿您这个月能抽空出去走走，看看花，吃顿好饭，陪陪重要的人。谢谢您一直与我们同行。"
    ]
    signoff = "我喜欢您这位朋友。人间四月天，愿您一切安好。"
  >
<#else>
  <#assign
    subjectLine = "An April card for you, ${who}"
    headline = "Blossoms and April showers, ${who}"
    message = [
      "April has a way of mixing sunshine and rain, and somehow the blossoms love both.",
      "We hope you find time this month for a slow walk, a good meal and the people who matter to you. Thank you for being with us."
    ]
    signoff = "I like you, rain or shine."
  >
</#if>
