<#-- July: midsummer watermelon; coral on white, playful dashed edge and a pebble-round card. -->
<#assign
  motif = "🍉"
  canvas = "#FFE2CC"
  canvasInk = "#7A3E1D"
  paper = "#FFFFFF"
  ink = "#2F2A26"
  accent = "#C93A26"
  borderStyle = "dashed"
  borderWidth = 4
  cornerRadius = 32
  headAlign = "center"
>
<#if lang == "zh">
  <#assign
    subjectLine = "${who}，盛夏七月，给您送一片清凉"
    headline = "${who}，盛夏快乐！"
    message = [
      "盛夏七月，西瓜正甜，冰棍化得飞快，傍晚的风终于带来一丝凉意。",
      "无论这个夏天您在忙碌还是在旅行，都希望您过得开心自在。我们一直记挂着您。"
    ]
    signoff = "我喜欢您这位朋友。祝您清凉一夏！"
  >
<#else>
  <#assign
    subjectLine = "A sunny July hello, ${who}"
    headline = "Sunny days, ${who}!"
    message = [
      "It is the middle of summer: ice cream melts faster, evenings stretch longer and holidays are finally within reach.",
      "Wherever July takes you, we hope it is somewhere that makes you happy. We are thinking of you."
    ]
    signoff = "I like you. Enjoy every sunny minute!"
  >
</#if>
