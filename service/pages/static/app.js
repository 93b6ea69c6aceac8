/* Jianbao review pages: upload, keyboard review. Written for this project; no libraries.
 * State changes go to the JSON API with the session's CSRF token (meta csrf-token). */
"use strict";

(function () {
  const meta = document.querySelector('meta[name="csrf-token"]');
  const csrf = meta ? meta.content : "";

  async function api(method, url, body) {
    const headers = { "X-CSRF-Token": csrf, "Accept": "application/json" };
    const init = { method, headers, credentials: "same-origin" };
    if (body instanceof FormData) {
      init.body = body;
    } else if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const response = await fetch(url, init);
    let data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    if (!response.ok) {
      const detail = data && data.detail ? data.detail : response.statusText;
      throw new Error(typeof detail === "string" ? detail : JSON.stringify(detail));
    }
    return data;
  }

  function say(id, message, bad) {
    const el = document.getElementById(id);
    if (!el) return;
    el.textContent = message;
    el.classList.toggle("error", Boolean(bad));
  }

  /* ---- upload (document list) ---- */
  const upload = document.getElementById("upload");
  if (upload) {
    upload.addEventListener("submit", async (event) => {
      event.preventDefault();
      const form = new FormData(upload);
      if (!form.get("reference_date")) form.delete("reference_date");
      say("upload-status", "正在上传……");
      try {
        const doc = await api("POST", "/api/documents", form);
        say("upload-status", doc.created ? "已上传，正在抽取……" : "该文件已上传过（编号 " + doc.id + "）。");
        for (let i = 0; i < 600; i++) {
          const state = await api("GET", "/api/documents/" + doc.id);
          if (state.status === "done" || state.status === "failed") break;
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
        location.reload();
      } catch (error) {
        say("upload-status", "上传失败：" + error.message, true);
      }
    });
  }

  /* ---- review (document page) ---- */
  const list = document.getElementById("records");
  if (!list) return;
  const docId = list.dataset.doc;
  const canReview = list.dataset.canReview === "1";
  const text = document.getElementById("text");
  let selected = -1;

  const cards = () => Array.from(list.querySelectorAll("section.record"));
  const openForm = () => list.querySelector("section.record form.correct:not([hidden])");

  function showEvidence(card) {
    text.querySelectorAll(".evid").forEach((el) => el.classList.remove("evid"));
    if (!card || card.dataset.s === undefined) return;
    const s = Number(card.dataset.s), e = Number(card.dataset.e);
    let first = null;
    text.querySelectorAll("span[data-s]").forEach((piece) => {
      if (Number(piece.dataset.s) >= s && Number(piece.dataset.e) <= e) {
        piece.classList.add("evid");
        first = first || piece;
      }
    });
    if (first) first.scrollIntoView({ block: "nearest" });
  }

  function select(index) {
    const all = cards();
    if (!all.length) return;
    selected = Math.max(0, Math.min(all.length - 1, index));
    all.forEach((card, i) => card.classList.toggle("selected", i === selected));
    const card = all[selected];
    card.scrollIntoView({ block: "nearest" });
    showEvidence(card);
  }

  const current = () => cards()[selected];

  async function refresh(card) {
    const response = await fetch("/documents/" + docId + "/records/" + card.dataset.id,
                                 { credentials: "same-origin" });
    if (!response.ok) return;
    const holder = document.createElement("div");
    holder.innerHTML = await response.text();
    const fresh = holder.querySelector("section.record");
    card.replaceWith(fresh);
    select(selected);
  }

  function valueOf(input) {
    const raw = input.value.trim();
    switch (input.dataset.type) {
      case "number": return raw === "" ? null : Number(raw);
      case "int": return raw === "" ? null : parseInt(raw, 10);
      case "list": return raw === "" ? [] : raw.split(/[、,，;；]\s*/).filter(Boolean);
      default: return raw === "" ? null : raw;
    }
  }

  /* One review: accept, reject, or correct with the record's new fields. */
  async function review(card, action, data, note) {
    const body = { action };
    if (data) body.data = data;
    if (note) body.note = note;
    say("review-status", "正在保存……");
    try {
      await api("PATCH", "/api/records/" + card.dataset.id, body);
      await refresh(card);
      say("review-status", "已保存。");
    } catch (error) {
      say("review-status", "保存失败：" + error.message, true);
    }
  }

  function edit(card) {
    const form = card.querySelector("form.correct");
    if (!form) return;
    form.hidden = false;
    const first = form.querySelector("input, select");
    if (first) first.focus();
  }

  function cancel() {
    const form = openForm();
    if (form) {
      form.hidden = true;
      form.closest("section.record").focus();
    }
  }

  function changed(input) {
    if (input.tagName === "SELECT") {
      const initial = Array.from(input.options).find((o) => o.defaultSelected) || input.options[0];
      return input.value !== initial.value;
    }
    return input.value.trim() !== input.defaultValue.trim();
  }

  /* Sends only the fields the reviewer changed (and the evidence span when either end moved). */
  async function submitCorrection(form) {
    if (!form.reportValidity()) return;
    const card = form.closest("section.record");
    const data = {};
    const note = valueOf(form.querySelector('[name="note"]'));
    const start = form.querySelector('[name="evidence_start"]');
    const end = form.querySelector('[name="evidence_end"]');
    form.querySelectorAll("input[name], select[name]").forEach((input) => {
      if (["note", "evidence_start", "evidence_end"].includes(input.name)) return;
      if (changed(input)) data[input.name] = valueOf(input);
    });
    if ((changed(start) || changed(end)) && start.value !== "" && end.value !== "") {
      data.evidence = [valueOf(start), valueOf(end)];
    }
    if (!Object.keys(data).length) {
      say("review-status", "没有改动。", true);
      return;
    }
    await review(card, "correct", data, note);
  }

  list.addEventListener("click", (event) => {
    const card = event.target.closest("section.record");
    if (!card) return;
    select(cards().indexOf(card));
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    const action = button.dataset.action;
    if (action === "edit") edit(card);
    else if (action === "cancel") cancel();
    else review(card, action);
  });

  list.addEventListener("submit", (event) => {
    event.preventDefault();
    submitCorrection(event.target);
  });

  /* Selecting document text while a correction form is open sets its evidence span. */
  text.addEventListener("mouseup", () => {
    const form = openForm();
    const sel = window.getSelection();
    if (!form || !sel || sel.isCollapsed) return;
    const range = sel.getRangeAt(0);
    const at = (node, offset) => {
      const piece = (node.nodeType === 3 ? node.parentElement : node).closest("span[data-s]");
      return piece ? Number(piece.dataset.s) + offset : null;
    };
    const s = at(range.startContainer, range.startOffset);
    const e = at(range.endContainer, range.endOffset);
    if (s === null || e === null) return;
    form.querySelector('[name="evidence_start"]').value = s;
    form.querySelector('[name="evidence_end"]').value = e;
  });

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const typing = event.target.closest && event.target.closest("input, select, textarea");
    if (event.key === "Escape") { cancel(); return; }
    if (typing) return;
    const card = current();
    switch (event.key) {
      case "j": select(selected + 1); break;
      case "k": select(selected - 1); break;
      case "a": if (canReview && card) review(card, "accept"); break;
      case "r": if (canReview && card) review(card, "reject"); break;
      case "e": if (canReview && card) { event.preventDefault(); edit(card); } break;
      default: return;
    }
  });

  if (cards().length) {
    const wanted = location.hash ? cards().findIndex((c) => "#" + c.id === location.hash) : 0;
    select(wanted < 0 ? 0 : wanted);
  }
})();
