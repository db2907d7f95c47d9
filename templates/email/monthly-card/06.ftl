<#-- June: Dragon Boat Festival and the start of summer; river jade, square card with a grooved edge. -->
<#assign
  motif = "🐉"
  canvas = "#CDEBE6"
  canvasInk = "#1F5249"
  paper = "#F8FFFD"
  ink = "#173A35"
  accent = "#0F7C6C"
  borderStyle = "groove"
  borderWidth = 6
  cornerRadius = 0
  headAlign = "left"
>
<#if lang == "zh">
  <#assign
    subjectLine = "${who}，端午安康！给您寄一份夏日问候"
    headline = "${who}，端午安康，夏日清凉"
    message = [
      "粽叶飘香，龙舟竞渡，不知不觉已是初夏。",
      "愿您在这个六月吃上一口好粽子，度过许多个凉爽的傍晚。天气渐热，记得多喝水，照顾好自己。"
    ]
    signoff = "我喜欢您这位朋友。祝您夏日愉快！"
  >
<#else>
  <#assign
    subjectLine = "${who}, your summer card is here"
    headline = "Hello summer, hello ${who}!"
    message = [
      "Summer has arrived, and in many places the drums of the Dragon Boat Festival are sounding across the water.",
      "We hope your June is full of long evenings, cold drinks and good company. Stay cool, and take good care of yourself."
    ]
    signoff = "I like you. Have a wonderful summer!"
  >
</#if>
