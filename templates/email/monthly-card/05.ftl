<#-- May: Mother's Day flowers; terracotta on warm linen, signed on the right like a handwritten note. -->
<#assign
  motif = "💐"
  canvas = "#F6E6D8"
  canvasInk = "#6E4B35"
  paper = "#FFFCF8"
  ink = "#3B2B22"
  accent = "#A8452F"
  borderStyle = "solid"
  borderWidth = 1
  cornerRadius = 8
  headAlign = "right"
>
<#if lang == "zh">
  <#assign
    subjectLine = "${who}，五月的问候，送您一束花"
    headline = "${who}，五月，感谢每一份温暖"
    message = [
      "五月有劳动节，也有母亲节。辛苦了许久的您值得好好休息，一直照顾着我们的人，也值得一句郑重的谢谢。",
      "愿这个月您能给家里打个电话，送出一束花，也留一点时间给自己。"
    ]
    signoff = "我喜欢您这位朋友。祝您和家人五月安康！"
  >
<#else>
  <#assign
    subjectLine = "${who}, a May card with flowers"
    headline = "For the ones who care for us"
    message = [
      "Dear ${who}, May brings Mother's Day, a good reminder to thank the people who looked after us, and to look after ourselves too.",
      "However you spend it, we hope this month is full of flowers, phone calls home and a little time just for you."
    ]
    signoff = "I like you. Happy May!"
  >
</#if>
