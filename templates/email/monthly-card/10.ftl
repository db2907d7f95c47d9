<#-- October: Golden Week and maple leaves; rust on cream over a bark-brown page, ridged frame. -->
<#assign
  motif = "🍁"
  canvas = "#5A2E1A"
  canvasInk = "#F1D6C2"
  paper = "#FFF8F0"
  ink = "#3B2418"
  accent = "#B04314"
  borderStyle = "ridge"
  borderWidth = 6
  cornerRadius = 2
  headAlign = "left"
>
<#if lang == "zh">
  <#assign
    subjectLine = "${who}，金秋十月，给您寄一片枫叶"
    headline = "${who}，金秋十月好"
    message = [
      "十月，层林尽染，秋高气爽。国庆长假里，许多人踏上了回家或远行的路。",
      "无论您是出门看风景，还是在家好好歇一歇，都愿这个金色的季节待您温柔。"
    ]
    signoff = "我喜欢您这位朋友。祝您金秋快乐！"
  >
<#else>
  <#assign
    subjectLine = "${who}, a golden October hello"
    headline = "Golden days, ${who}"
    message = [
      "October paints the trees gold and red, the perfect season for a long walk, a warm drink and a good book.",
      "Whether you are travelling over the Golden Week holiday or enjoying a quiet weekend at home, we hope the season treats you kindly."
    ]
    signoff = "I like you. Enjoy the golden season!"
  >
</#if>
