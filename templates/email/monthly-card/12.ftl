<#-- December: year-end holidays; holly red and pine green, a thick double frame like a greeting card. -->
<#assign
  motif = "🎄"
  canvas = "#1E4D3A"
  canvasInk = "#CFE3D6"
  paper = "#FFFDF6"
  ink = "#23302A"
  accent = "#B3202A"
  borderStyle = "double"
  borderWidth = 8
  cornerRadius = 6
  headAlign = "center"
>
<#if lang == "zh">
  <#assign
    subjectLine = "${who}，岁末问候，来自${sender.name}"
    headline = "${who}，岁末安康！"
    message = [
      "${year?c}年就要过去了。回头看这一年，我们心里满是感激，而您就是其中很重要的一部分。",
      "愿您在岁末年终吃得暖、睡得香，和家人朋友共度温馨时光，迎接更好的新一年。"
    ]
    signoff = "我喜欢您这位朋友。年终岁末，万事如意！"
  >
<#else>
  <#assign
    subjectLine = "${who}, happy holidays from ${sender.name}"
    headline = "Happy holidays, ${who}!"
    message = [
      "As ${year?c} draws to a close, we are looking back on the year with gratitude, and you are a big part of it.",
      "Wishing you a warm and peaceful holiday season, good food, good company and a bright new year ahead."
    ]
    signoff = "I like you. Happy holidays!"
  >
</#if>
