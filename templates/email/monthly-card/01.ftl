<#-- January: New Year fireworks over a midnight page; gold on cream, formal double frame. -->
<#assign
  motif = "🎆"
  canvas = "#1B2A49"
  canvasInk = "#C9D3E6"
  paper = "#FFFDF7"
  ink = "#1F2A44"
  accent = "#9A6B00"
  borderStyle = "double"
  borderWidth = 6
  cornerRadius = 4
  headAlign = "center"
>
<#if lang == "zh">
  <#assign
    subjectLine = "${who}，给您的新年贺卡"
    headline = "新年快乐，${who}！"
    message = [
      "新的一年开始了。趁日历还没被各种安排填满，我们想先对您说一句简单的话：有您这样的客人，我们真的很高兴。",
      "愿新的一年里，您身体健康，诸事顺遂，每天都有让您微笑的理由。"
    ]
    signoff = "我喜欢您这位朋友。新年快乐！"
  >
<#else>
  <#assign
    subjectLine = "A New Year card for you, ${who}"
    headline = "Happy New Year, ${who}!"
    message = [
      "A brand-new year has just begun, and before the calendar fills up we wanted to tell you one simple thing: we are really glad you are our customer.",
      "May the months ahead bring you good health, calm mornings and plenty of reasons to smile."
    ]
    signoff = "I like you. Happy New Year!"
  >
</#if>
