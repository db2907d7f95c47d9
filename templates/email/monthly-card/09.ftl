<#-- September: Mid-Autumn moon and back to school; harvest amber, double frame like a mooncake box. -->
<#assign
  motif = "🥮"
  canvas = "#F2E3C0"
  canvasInk = "#6A4A12"
  paper = "#FFFBF0"
  ink = "#3A2A10"
  accent = "#9A5A06"
  borderStyle = "double"
  borderWidth = 5
  cornerRadius = 10
  headAlign = "center"
>
<#if lang == "zh">
  <#assign
    subjectLine = "${who}，秋天的第一张卡片"
    headline = "${who}，月圆人团圆"
    message = [
      "九月，开学季来了，秋风也凉了。月亮一天比一天圆，中秋就在不远处。",
      "愿您在新的季节里有新的开始，也有一个和家人一起赏月、分一块月饼的晚上。"
    ]
    signoff = "我喜欢您这位朋友。愿您花好月圆，秋日安康！"
  >
<#else>
  <#assign
    subjectLine = "${who}, a September card with the moon"
    headline = "A full moon and a fresh start, ${who}"
    message = [
      "September feels like a new beginning: school bags are packed, the air turns crisp and the moon grows round for the Mid-Autumn Festival.",
      "We hope the season brings you a fresh start of your own, and an evening to share mooncakes with the people you love."
    ]
    signoff = "I like you. May your autumn be bright."
  >
</#if>
