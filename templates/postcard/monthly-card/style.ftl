<#--
  Monthly card: CSS for one design, rendered once per PDF batch with `design` (see front.ftlh).
  Lengths are inches on the page including its 0.125 in bleed; keep words 0.25 in inside the page edge.
  The address side's address block, postage box, return address and divider are laid out by Girard.
-->
<#assign small = design.size == "4x6">
.front { background-color: ${design.paper}; }
.front .art { position: absolute; left: 0; top: 0; width: ${design.artWidth}; height: ${design.artHeight}; }
.front .words { position: absolute; color: ${design.ink}; }
.front .headline { font-size: ${small?then("19pt", "28pt")}; line-height: 1.2; color: ${design.accent}; }
.front .from { font-size: ${small?then("8pt", "10pt")}; margin-top: 0.1in; color: ${design.ink}; }
<#switch design.layout>
  <#case "full">
.front .words { left: 0.5in; right: 1.2in; bottom: 0.55in; }
.front .headline { color: ${design.ink}; }
    <#break>
  <#case "framed">
.front .art { left: 0.5in; top: 0.5in; border: 2pt solid ${design.accent}; }
.front .words { left: 0.5in; right: 0.5in; bottom: 0.32in; text-align: center; }
.front .headline { font-size: ${small?then("15pt", "22pt")}; }
    <#break>
  <#case "split">
.front .words { left: ${design.artWidth}; margin-left: 0.35in; right: 0.4in; top: 0.7in; }
    <#break>
  <#default>
.front .words { left: 0.5in; right: 0.5in; top: ${design.artHeight}; margin-top: 0.25in; }
</#switch>
.back .message p { font-size: ${small?then("7.5pt", "10pt")}; line-height: 1.35; margin: 0 0 0.06in 0; color: cmyk(0, 0, 0, 0.9); }
.back .message .signoff { color: ${design.accent}; margin-top: 0.1in; }
