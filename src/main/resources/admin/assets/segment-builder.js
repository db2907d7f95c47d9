// The segment builder: conditions and groups (all / any / none) over the fields the filter language knows,
// kept as a filter tree (docs/segments.md) in the form's hidden "params" field. Every edit asks the server
// for the audience now (count and a sample), which it renders as HTML with every value escaped.
(function () {
  "use strict";

  var UNITS = ["on", "daysAgo", "weeksAgo", "monthsAgo", "yearsAgo", "daysAhead", "monthsAhead"];
  var COMPARE = ["gte", "lte", "gt", "lt", "eq", "ne"];

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") {
        node.textContent = attrs[k];
      } else if (k === "className") {
        node.className = attrs[k];
      } else {
        node.setAttribute(k, attrs[k]);
      }
    });
    (children || []).forEach(function (c) { node.appendChild(c); });
    return node;
  }

  function option(value, label, selected) {
    var o = el("option", { value: value, text: label });
    if (selected) {
      o.selected = true;
    }
    return o;
  }

  function select(className, options, current, onChange) {
    var s = el("select", { className: className });
    options.forEach(function (o) { s.appendChild(option(o[0], o[1], o[0] === current)); });
    s.addEventListener("change", function () { onChange(s.value); });
    return s;
  }

  function camel(s) {
    return s.replace(/-([a-z])/g, function (m, c) { return c.toUpperCase(); });
  }

  function Builder(root) {
    var self = this;
    this.root = root;
    this.fields = JSON.parse(root.dataset.fields);
    this.fieldLabels = JSON.parse(root.dataset.fieldLabels);
    this.byName = {};
    this.fields.forEach(function (f) { self.byName[f.name] = f; });
    this.l = function (key) { return root.dataset[camel("l-" + key)] || key; };
    this.hidden = document.getElementById("segment-params");
    this.json = document.getElementById("segment-json");
    this.base = document.getElementById("segment-base");
    this.preview = document.getElementById("segment-preview");
    this.other = {};
    this.load(this.hidden.value);
    this.json.value = JSON.stringify(this.params(), null, 2);
    this.json.addEventListener("input", function () {
      try {
        var parsed = JSON.parse(self.json.value);
        self.json.setCustomValidity("");
        self.load(JSON.stringify(parsed));
        self.changed(false);
      } catch (e) {
        self.json.setCustomValidity(e.message);
      }
    });
    this.base.addEventListener("change", function () { self.changed(true); });
    this.changed(true);
  }

  Builder.prototype.load = function (text) {
    var params = {};
    try {
      params = JSON.parse(text || "{}") || {};
    } catch (e) {
      params = {};
    }
    var filter = params.filter;
    this.other = {};
    var self = this;
    Object.keys(params).forEach(function (k) {
      if (k !== "filter") {
        self.other[k] = params[k];
      }
    });
    var node = filter === undefined ? { kind: "group", mode: "all", items: [] } : this.fromTree(filter);
    this.model = node.kind === "group" ? node : { kind: "group", mode: "all", items: [node] };
    this.render();
  };

  Builder.prototype.fromTree = function (t) {
    var self = this;
    if (t && typeof t === "object" && !Array.isArray(t)) {
      var keys = Object.keys(t);
      if (keys.length === 1 && (keys[0] === "all" || keys[0] === "any") && Array.isArray(t[keys[0]])) {
        return { kind: "group", mode: keys[0], items: t[keys[0]].map(function (x) { return self.fromTree(x); }) };
      }
      if (keys.length === 1 && keys[0] === "not" && t.not && Array.isArray(t.not.any) && Object.keys(t.not).length === 1) {
        return { kind: "group", mode: "none", items: t.not.any.map(function (x) { return self.fromTree(x); }) };
      }
      if (typeof t.field === "string" && this.byName[t.field] && keys.every(function (k) { return ["field", "op", "value"].indexOf(k) >= 0; })) {
        var c = { kind: "cond", field: t.field, op: t.op, value: "", unit: "on" };
        var v = t.value;
        if (v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 1 && UNITS.indexOf(Object.keys(v)[0]) > 0) {
          c.unit = Object.keys(v)[0];
          c.value = String(v[c.unit]);
        } else if (Array.isArray(v)) {
          c.value = v.join(", ");
        } else if (v !== undefined && v !== null) {
          c.value = String(v);
        }
        return c;
      }
      if (typeof t.consent === "string" && keys.every(function (k) { return k === "consent" || k === "is"; })) {
        return { kind: "consent", channel: t.consent, is: t.is || "granted" };
      }
      if (t.purchases && t.count && keys.length === 2 && Object.keys(t.count).length === 1
          && Object.keys(t.purchases).every(function (k) { return k === "category"; })) {
        var op = Object.keys(t.count)[0];
        return { kind: "purchases", op: op, count: String(t.count[op]), category: t.purchases.category || "" };
      }
    }
    return { kind: "raw", json: JSON.stringify(t) };
  };

  Builder.prototype.toTree = function (n) {
    var self = this;
    if (n.kind === "group") {
      var items = n.items.map(function (x) { return self.toTree(x); });
      if (n.mode === "none") {
        return { not: { any: items } };
      }
      var g = {};
      g[n.mode] = items;
      return g;
    }
    if (n.kind === "consent") {
      return { consent: n.channel, is: n.is };
    }
    if (n.kind === "purchases") {
      var count = {};
      count[n.op] = n.count === "" || isNaN(Number(n.count)) ? n.count : Number(n.count);
      return { purchases: n.category ? { category: n.category } : {}, count: count };
    }
    if (n.kind === "raw") {
      return JSON.parse(n.json);
    }
    var f = this.byName[n.field];
    var out = { field: n.field, op: n.op };
    if (n.op === "isSet" || n.op === "isNotSet") {
      return out;
    }
    out.value = this.value(f.type, n);
    return out;
  };

  Builder.prototype.value = function (type, n) {
    var one = function (raw) {
      raw = raw.trim();
      if ((type === "number" || type === "money") && raw !== "" && !isNaN(Number(raw))) {
        return Number(raw);
      }
      if (type === "boolean") {
        return raw === "true";
      }
      return raw;
    };
    if (n.op === "in" || n.op === "notIn") {
      return n.value.split(",").map(one).filter(function (x) { return x !== ""; });
    }
    if ((type === "date" || type === "instant") && n.unit !== "on") {
      var rel = {};
      rel[n.unit] = n.value === "" || isNaN(Number(n.value)) ? n.value : Number(n.value);
      return rel;
    }
    return one(n.value);
  };

  Builder.prototype.params = function () {
    var params = {};
    var self = this;
    Object.keys(this.other).forEach(function (k) { params[k] = self.other[k]; });
    var empty = this.model.mode === "all" && this.model.items.length === 0;
    if (!empty || this.base.value === "custom") {
      params.filter = this.toTree(this.model);
    }
    return params;
  };

  Builder.prototype.changed = function (updateJson) {
    var params = JSON.stringify(this.params());
    this.hidden.value = params;
    if (updateJson) {
      this.json.value = JSON.stringify(this.params(), null, 2);
      this.json.setCustomValidity("");
    }
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.fetchPreview(params); }, 250);
  };

  Builder.prototype.fetchPreview = function (params) {
    var self = this;
    this.sequence = (this.sequence || 0) + 1;
    var sent = this.sequence;
    var url = "/admin/segments/preview?base=" + encodeURIComponent(this.base.value) + "&params=" + encodeURIComponent(params);
    this.preview.setAttribute("aria-busy", "true");
    fetch(url, { headers: { "HX-Request": "true" }, credentials: "same-origin" })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        if (sent === self.sequence) {
          self.preview.innerHTML = html;
          // which conditions the preview shows: typing moves ahead of it by the debounce and the round trip
          self.preview.setAttribute("data-params", params);
          self.preview.removeAttribute("aria-busy");
        }
      });
  };

  Builder.prototype.render = function () {
    this.root.textContent = "";
    this.root.appendChild(this.groupView(this.model, null));
  };

  Builder.prototype.edit = function () {
    this.render();
    this.changed(true);
  };

  Builder.prototype.groupView = function (g, parent) {
    var self = this;
    var head = el("div", { className: "group-head" }, [
      el("span", { text: parent ? "" : this.l("match") }),
      select("group-mode", [["all", this.l("all")], ["any", this.l("any")], ["none", this.l("none")]], g.mode,
        function (v) { g.mode = v; self.changed(true); })
    ]);
    if (parent) {
      head.appendChild(this.removeButton(parent, g));
    }
    var box = el("div", { className: "group" }, [head]);
    if (g.items.length === 0) {
      box.appendChild(el("p", { className: "hint", text: this.l("empty") }));
    }
    g.items.forEach(function (item) {
      box.appendChild(item.kind === "group" ? self.groupView(item, g) : self.conditionView(item, g));
    });
    var addCond = el("button", { type: "button", className: "small add add-condition", text: this.l("add-condition") });
    addCond.addEventListener("click", function () {
      g.items.push({ kind: "cond", field: self.fields[0].name, op: "eq", value: "", unit: "on" });
      self.edit();
    });
    var addGroup = el("button", { type: "button", className: "small add add-group", text: this.l("add-group") });
    addGroup.addEventListener("click", function () {
      g.items.push({ kind: "group", mode: "any", items: [] });
      self.edit();
    });
    box.appendChild(el("div", { className: "actions" }, [addCond, addGroup]));
    return box;
  };

  Builder.prototype.removeButton = function (parent, item) {
    var self = this;
    var b = el("button", { type: "button", className: "small remove", title: this.l("remove"), "aria-label": this.l("remove"), text: "✕" });
    b.addEventListener("click", function () {
      parent.items.splice(parent.items.indexOf(item), 1);
      self.edit();
    });
    return b;
  };

  Builder.prototype.fieldMenu = function (c) {
    var self = this;
    var options = this.fields.map(function (f) { return [f.name, self.fieldLabels[f.name] || f.name]; });
    options.push(["@consent", this.l("consent")]);
    options.push(["@purchases", this.l("purchases")]);
    var current = c.kind === "consent" ? "@consent" : c.kind === "purchases" ? "@purchases" : c.field;
    return select("field", options, current, function (v) {
      var replacement;
      if (v === "@consent") {
        replacement = { kind: "consent", channel: "email", is: "granted" };
      } else if (v === "@purchases") {
        replacement = { kind: "purchases", op: "gte", count: "1", category: "" };
      } else {
        var ops = self.byName[v].operators;
        var op = c.kind === "cond" && ops.indexOf(c.op) >= 0 ? c.op : ops[0];
        replacement = { kind: "cond", field: v, op: op, value: c.kind === "cond" ? c.value : "", unit: c.unit || "on" };
      }
      Object.keys(c).forEach(function (k) { delete c[k]; });
      Object.keys(replacement).forEach(function (k) { c[k] = replacement[k]; });
      self.edit();
    });
  };

  Builder.prototype.conditionView = function (c, parent) {
    var self = this;
    var row = el("div", { className: "cond" });
    if (c.kind === "raw") {
      row.appendChild(el("pre", { className: "raw", text: c.json }));
      row.appendChild(el("span", { className: "hint", text: this.l("raw") }));
      row.appendChild(this.removeButton(parent, c));
      return row;
    }
    row.appendChild(this.fieldMenu(c));
    if (c.kind === "consent") {
      row.appendChild(select("channel", ["email", "sms", "postcard"].map(function (ch) { return [ch, self.l("channel-" + ch)]; }),
        c.channel, function (v) { c.channel = v; self.changed(true); }));
      row.appendChild(select("consent-is", [["granted", this.l("granted")], ["withdrawn", this.l("withdrawn")], ["none", this.l("none-given")]],
        c.is, function (v) { c.is = v; self.changed(true); }));
    } else if (c.kind === "purchases") {
      row.appendChild(select("op", COMPARE.map(function (o) { return [o, self.l("op-" + o)]; }), c.op,
        function (v) { c.op = v; self.changed(true); }));
      row.appendChild(this.input("amount value", "number", c.count, function (v) { c.count = v; }));
      var cat = this.input("value category", "text", c.category, function (v) { c.category = v; });
      cat.placeholder = this.l("category");
      row.appendChild(cat);
    } else {
      var f = this.byName[c.field];
      var dated = f.type === "date" || f.type === "instant";
      row.appendChild(select("op", f.operators.map(function (o) {
        var key = dated && ["lt", "lte", "gt", "gte"].indexOf(o) >= 0 ? "date-" + o : "op-" + o.replace(/([A-Z])/g, "-$1").toLowerCase();
        return [o, self.l(key)];
      }), c.op, function (v) { c.op = v; self.edit(); }));
      if (c.op !== "isSet" && c.op !== "isNotSet") {
        if (f.type === "boolean") {
          row.appendChild(select("value", [["true", this.l("yes")], ["false", this.l("no")]], c.value || "true",
            function (v) { c.value = v; self.changed(true); }));
          if (!c.value) {
            c.value = "true";
          }
        } else if (dated) {
          var kind = c.unit === "on" ? "date" : "number";
          row.appendChild(this.input(c.unit === "on" ? "value" : "amount value", kind, c.value, function (v) { c.value = v; }));
          row.appendChild(select("unit", UNITS.map(function (u) { return [u, self.l(camelToKey(u))]; }), c.unit,
            function (v) { c.unit = v; c.value = ""; self.edit(); }));
        } else {
          var list = c.op === "in" || c.op === "notIn";
          var input = this.input("value", !list && (f.type === "number" || f.type === "money") ? "number" : "text", c.value,
            function (v) { c.value = v; });
          if (list) {
            input.placeholder = this.l("list-hint");
          }
          if (f.type === "money" || f.type === "number") {
            input.step = "any";
          }
          row.appendChild(input);
        }
      }
    }
    row.appendChild(this.removeButton(parent, c));
    return row;
  };

  function camelToKey(s) {
    return s.replace(/([A-Z])/g, "-$1").toLowerCase();
  }

  Builder.prototype.input = function (className, type, value, set) {
    var self = this;
    var input = el("input", { className: className, type: type });
    input.value = value;
    input.addEventListener("input", function () { set(input.value); self.changed(true); });
    return input;
  };

  document.addEventListener("DOMContentLoaded", function () {
    var root = document.getElementById("builder");
    if (root) {
      root.builder = new Builder(root);
    }
  });
})();
