<#-- The monthly card as a text: one short line for the month, in the customer's language. The channel
     adds the opt-out line; plain ASCII punctuation keeps English texts in the cheaper GSM-7 alphabet. -->
<#assign zh = lang == "zh">
<#assign who = zh?then(customer.fullName, customer.firstName)>
<#if !who?has_content><#assign who = zh?then("朋友", "friend")></#if>
<#if zh>
<#assign lines = [
  "新年快乐！愿新的一年身体健康，诸事顺遂。",
  "二月到了，愿您温暖相伴，好友常聚。",
  "春天来了，愿明媚的早晨常伴您左右。",
  "四月春光正好，愿这个月对您温柔以待。",
  "五月花开，愿您抽空好好享受。",
  "夏天就要到了，愿您的傍晚悠长又惬意。",
  "七月阳光正好，愿您好好休息一下。",
  "转眼八月了，愿这个夏天待您不薄。",
  "九月是新的开始，愿一切顺利。",
  "秋色正浓，愿十月一切安好。",
  "一年将尽，谢谢您一直以来的支持。",
  "节日快乐，提前祝您新年快乐！"
]>
【${sender.name}】${who}您好！${lines[month - 1]}我喜欢您这位朋友。
<#else>
<#assign lines = [
  "happy New Year! May the months ahead bring you good health and plenty of reasons to smile.",
  "February is here: we hope it brings you warm days and good company.",
  "spring is on its way, and so are brighter mornings. We hope they find you well.",
  "April means fresh starts: we hope this month is kind to you.",
  "May is in bloom. We hope you find time to enjoy it.",
  "summer is nearly here: long evenings and lighter days to you.",
  "we hope July gives you sunshine and a well-earned rest.",
  "August already! We hope the summer has been good to you.",
  "September brings a fresh start. We hope it is a good one for you.",
  "the autumn colours are out. We hope October treats you well.",
  "as the year winds down, thank you for being our customer.",
  "warm wishes for the holidays and a happy new year to come."
]>
${sender.name}: Hi ${who}, ${lines[month - 1]} I like you!
</#if>
