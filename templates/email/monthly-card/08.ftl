<#-- August: Qixi and late-summer shooting stars; violet ink on a night-sky page, signed on the right. -->
<#assign
  motif = "🌠"
  canvas = "#14213D"
  canvasInk = "#B9C4DE"
  paper = "#FDFBF4"
  ink = "#1D2540"
  accent = "#5B4FC4"
  borderStyle = "solid"
  borderWidth = 2
  cornerRadius = 16
  headAlign = "right"
>
<#if lang == "zh">
  <#assign
    subjectLine = "${who}，八月星空下的一张卡片"
    headline = "${who}，夏夜星光正好"
    message = [
      "八月的夜晚适合抬头看看：银河、流星，还有七夕传说里的那座鹊桥。",
      "愿您在夏天的尾巴里，和在乎的人一起，留下一些闪闪发光的回忆。谢谢您走进我们的故事。"
    ]
    signoff = "我喜欢您这位朋友。许个愿吧！"
  >
<#else>
  <#assign
    subjectLine = "${who}, an August card under the stars"
    headline = "Under the summer stars, ${who}"
    message = [
      "August nights are made for looking up: shooting stars, warm breezes and the last long days of summer.",
      "We hope you catch a few of those moments and share them with someone you love. Thank you for being part of our story."
    ]
    signoff = "I like you. Make a wish!"
  >
</#if>
