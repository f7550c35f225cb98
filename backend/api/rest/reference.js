// Renders /v1/openapi.json as a plain reference page: one block per operation with
// its permission, parameters, body and answers. No framework, no CDN.
"use strict";

function element(tag, attributes, ...children) {
  const node = document.createElement(tag);
  Object.entries(attributes || {}).forEach(([name, value]) => node.setAttribute(name, value));
  children.forEach((child) => node.append(child));
  return node;
}

function schemaText(schema, components) {
  const ref = schema && schema.$ref;
  const name = ref ? ref.split("/").pop() : null;
  const resolved = name ? components[name] : schema;
  return (name ? name + " " : "") + JSON.stringify(resolved, null, 2);
}

async function render() {
  const root = document.getElementById("reference");
  const spec = await (await fetch("/v1/openapi.json")).json();
  const components = spec.components.schemas;
  const byTag = {};
  Object.entries(spec.paths).forEach(([path, methods]) => {
    Object.entries(methods).forEach(([method, op]) => {
      (byTag[op.tags[0]] = byTag[op.tags[0]] || []).push([path, method, op]);
    });
  });
  root.textContent = "";
  Object.keys(byTag).sort().forEach((tag) => {
    root.append(element("h2", {}, tag));
    byTag[tag].forEach(([path, method, op]) => {
      const block = element("div", { class: "op", id: op.operationId });
      block.append(
        element("div", {}, element("span", { class: "method" }, method.toUpperCase()), element("code", {}, path)),
        element("p", {}, op.summary, " ", element("span", { class: "perm" }, "(needs " + op["x-permission"] + ")")),
      );
      if (op.description) block.append(element("p", {}, op.description));
      (op.parameters || []).forEach((p) => {
        block.append(element("div", {}, element("code", {}, p.in + " " + p.name), p.required ? " required" : "", p.description ? " — " + p.description : ""));
      });
      if (op.requestBody) {
        block.append(element("p", {}, "Body:"), element("pre", {}, schemaText(op.requestBody.content["application/json"].schema, components)));
      }
      Object.entries(op.responses).forEach(([status, answer]) => {
        const content = answer.content && answer.content["application/json"];
        const summary = element("summary", {}, status + " " + answer.description);
        block.append(element("details", {}, summary, content ? element("pre", {}, schemaText(content.schema, components)) : ""));
      });
      root.append(block);
    });
  });
}

render().catch((error) => {
  document.getElementById("reference").textContent = "Could not load the document: " + error;
});
