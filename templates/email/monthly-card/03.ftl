<#-- March: first green shoots; fresh greens, light dashed edge, letter-style left alignment. -->
<#assign
  motif = "🌱"
  canvas = "#DCEBD5"
  canvasInk = "#3F5A3A"
  paper = "#FBFFF7"
  ink = "#2E3B2C"
  accent = "#3F7D33"
  borderStyle = "dashed"
  borderWidth = 3
  cornerRadius = 12
  headAlign = "left"
>
<#if lang == "zh">
  <#assign
    subjectLine = "${who}，春天来了，给您寄一张春天的卡片"
    headline = "${who}，春天来了"
    message = [
      "白天一天比一天长，枝头冒出了新芽，连空气都变得轻快起来。",
      "愿这个春天给您带来满满的活力，还有一些小小的惊喜。谢谢您让我们成为您这一年里的一部分。"
    ]
    signoff = "我喜欢您这位朋友。春光正好，愿您一切都好！"
  >
<#else>
  <#assign
    subjectLine = "${who}, spring is on its way"
    headline = "Spring is on its way, ${who}"
    message = [
      "The days are getting longer, the first green shoots are pushing through, and everything feels a little lighter.",
      "We hope this spring brings you fresh energy and a few small adventures. Thank you for letting us be part of your year."
    ]
    signoff = "I like you. Enjoy the sunshine!"
  >
</#if>
