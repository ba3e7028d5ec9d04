// The seat-map page: draws the event's seat map (GET seatmap.json, beside this
// page) as SVG, one circle per seat at its venue position, coloured by price
// tier while available and by status otherwise, and redraws it every time the
// snapshot's refresh_s passes (the browser revalidates with the ETag, so an
// unchanged map costs a 304). Buying stays the application's job: the page
// reads, it never holds. docs/http.md describes the JSON it reads.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const TIER_COLOURS = ["#1e8e3e", "#1a73e8", "#9334e6", "#e8710a", "#d01884", "#12b5cb",
                      "#7cb342", "#5c6bc0"];
const STATUS_NAMES = { a: "available", h: "held", s: "sold", b: "blocked" };
const RADIUS = 0.42;

let drawnSequence = -1;
let circles = [];  // by seat id

function tierColour(tier) {
  return TIER_COLOURS[tier % TIER_COLOURS.length];
}

function money(minor, currency) {
  return (minor / 100).toFixed(2) + " " + currency;
}

function layout(map) {
  const svg = document.getElementById("map");
  svg.replaceChildren();
  circles = new Array(map.capacity);
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const section of map.sections) {
    const group = document.createElementNS(SVG, "g");
    group.setAttribute("data-section", section.name);
    let sx = Infinity, sy = Infinity;
    for (const row of section.rows) {
      row.seats.forEach((seat, i) => {
        const [label, x, y, tier, type] = seat;
        const id = row.first_seat + i;
        const c = document.createElementNS(SVG, "circle");
        c.setAttribute("cx", x);
        c.setAttribute("cy", y);
        c.setAttribute("r", RADIUS);
        c.setAttribute("data-seat", id);
        c.setAttribute("data-tier", tier);
        if (type === "a") c.classList.add("accessible");
        if (type === "c") c.classList.add("companion");
        const t = map.tiers[tier];
        const title = document.createElementNS(SVG, "title");
        title.textContent = section.name + " row " + row.label + " seat " + label +
          (t ? " — " + t.name + ", " + money(t.price_minor, t.currency) : "");
        c.appendChild(title);
        group.appendChild(c);
        circles[id] = c;
        minX = Math.min(minX, x); maxX = Math.max(maxX, x);
        minY = Math.min(minY, y); maxY = Math.max(maxY, y);
        sx = Math.min(sx, x); sy = Math.min(sy, y);
      });
    }
    if (isFinite(sx)) {
      const name = document.createElementNS(SVG, "text");
      name.setAttribute("class", "section");
      name.setAttribute("x", sx);
      name.setAttribute("y", sy - 1.2);
      name.textContent = section.name;
      group.appendChild(name);
    }
    svg.appendChild(group);
  }
  if (isFinite(minX)) {
    const pad = 3;
    svg.setAttribute("viewBox", [minX - pad, minY - pad - 2, maxX - minX + 2 * pad,
                                 maxY - minY + 2 * pad + 2].join(" "));
  }
}

function paint(map) {
  const counts = { a: 0, h: 0, s: 0, b: 0 };
  for (const section of map.sections) {
    for (const row of section.rows) {
      for (let i = 0; i < row.statuses.length; i++) {
        const status = row.statuses[i];
        const c = circles[row.first_seat + i];
        counts[status] = (counts[status] || 0) + 1;
        c.setAttribute("data-status", status);
        if (status === "a") c.setAttribute("fill", tierColour(Number(c.getAttribute("data-tier"))));
        else c.removeAttribute("fill");
      }
    }
  }
  legend(map, counts);
  document.body.dataset.seats = String(circles.length);
  document.body.dataset.sequence = String(map.sequence);
  document.body.dataset.available = String(counts.a);
  document.body.dataset.held = String(counts.h);
  document.body.dataset.sold = String(counts.s);
  document.body.dataset.blocked = String(counts.b);
  document.body.dataset.state = "drawn";
}

function legend(map, counts) {
  const box = document.getElementById("legend");
  box.replaceChildren();
  const item = (colour, text) => {
    const span = document.createElement("span");
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.background = colour;
    span.append(swatch, text);
    box.appendChild(span);
  };
  map.tiers.forEach((t, i) => item(tierColour(i), t.name + " " + money(t.price_minor, t.currency)));
  const css = getComputedStyle(document.documentElement);
  item(css.getPropertyValue("--held"), counts.h + " held");
  item(css.getPropertyValue("--sold"), counts.s + " sold");
  item(css.getPropertyValue("--blocked"), counts.b + " blocked");
  const free = document.createElement("span");
  free.textContent = counts.a + " of " + map.capacity + " available";
  box.appendChild(free);
}

async function refresh() {
  let wait = 30;
  try {
    const response = await fetch("seatmap.json", { cache: "no-cache" });
    if (response.status === 503) {
      wait = Number(response.headers.get("Retry-After") || 1);
    } else if (!response.ok) {
      throw new Error("HTTP " + response.status);
    } else {
      const map = await response.json();
      wait = map.refresh_s;
      if (drawnSequence < 0) {
        document.getElementById("title").textContent = map.name;
        document.title = map.name + " — seat map";
        document.getElementById("about").textContent = map.venue + ", " + map.capacity + " seats";
        layout(map);
      }
      if (map.sequence !== drawnSequence) paint(map);
      drawnSequence = map.sequence;
      document.getElementById("freshness").textContent =
        "As of " + new Date(map.generated_at_ms).toLocaleTimeString() + "; refreshed every " +
        map.refresh_s + " s.";
      document.getElementById("problem").hidden = true;
    }
  } catch (e) {
    const p = document.getElementById("problem");
    p.textContent = "Could not load the seat map (" + e.message + "); retrying.";
    p.hidden = false;
    document.body.dataset.state = drawnSequence < 0 ? "failed" : "stale";
    wait = 5;
  }
  setTimeout(refresh, wait * 1000);
}

// ---- The waiting room (docs/waiting-room.md): when the event has one, the
// buyer can wait here. The page joins with a random session kept in this
// browser, polls its entry (each poll is a heartbeat), and shows the position,
// the wait (from the measured admission rate) and, once admitted, the token to
// take to the box office's checkout. Buying stays the application's.

const queueKey = "seatd-queue:" + location.pathname;

function sessionId() {
  let s = localStorage.getItem("seatd-session");
  if (!s) {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    s = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    localStorage.setItem("seatd-session", s);
  }
  return s;
}

function waitText(ms) {
  if (ms === null) return "unknown (measuring how fast buyers are let in)";
  const s = Math.ceil(ms / 1000);
  return s < 90 ? "about " + s + " s" : "about " + Math.ceil(s / 60) + " min";
}

function showEntry(e) {
  const box = document.getElementById("queue");
  box.dataset.state = e.state === "waiting" ? e.room : e.state;
  document.getElementById("join").hidden = e.state === "waiting" || e.state === "admitted";
  const state = document.getElementById("queue-state");
  const detail = document.getElementById("queue-detail");
  const token = document.getElementById("queue-token");
  token.hidden = e.state !== "admitted";
  detail.textContent = "";
  if (e.state === "admitted") {
    state.textContent = "You're in. Choose your seats before " +
      new Date(e.token_expires_at_ms).toLocaleTimeString() + ".";
    document.getElementById("token").textContent = e.admission_token;
  } else if (e.state !== "waiting") {
    state.textContent = e.state === "done" ? "Your turn is over." : "You left the queue.";
  } else if (e.room === "sold_out") {
    state.textContent = "Sold out: no one more will be let in.";
  } else if (e.position === null) {
    state.textContent = "You're in the queue. Places are drawn at random when the sale starts (" +
      (e.ahead + 1) + " waiting).";
  } else {
    state.textContent = "Your place in the queue: " + e.position + ". Wait: " + waitText(e.eta_ms) + ".";
    if (e.room === "paused")
      detail.textContent = "Every remaining seat is held right now; the queue moves again if holds expire.";
    else if (e.fewer_seats_than_ahead)
      detail.textContent = "Fewer seats are left (" + e.seats_left + ") than people ahead of you (" +
        e.ahead + ").";
  }
  document.body.dataset.queue = e.state;
}

async function pollQueue() {
  const ticket = localStorage.getItem(queueKey);
  if (!ticket) return;
  let wait = 5000;
  try {
    const r = await fetch("queue/" + ticket, { cache: "no-store" });
    if (r.status === 404) {
      localStorage.removeItem(queueKey);
      document.getElementById("join").hidden = false;
      return;
    }
    const e = await r.json();
    showEntry(e);
    if (e.state !== "waiting" && e.state !== "admitted") return;
    wait = Math.min(e.heartbeat_every_ms, 5000);
  } catch (err) {
    document.getElementById("queue-detail").textContent = "Could not reach the queue; retrying.";
  }
  setTimeout(pollQueue, wait);
}

async function joinQueue() {
  const r = await fetch("queue", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ session: sessionId() }),
  });
  const e = await r.json();
  if (!r.ok) {
    document.getElementById("queue-state").textContent = e.message;
    return;
  }
  localStorage.setItem(queueKey, e.ticket);
  showEntry(e);
  setTimeout(pollQueue, Math.min(e.heartbeat_every_ms, 5000));
}

async function openRoom() {
  const r = await fetch("room", { cache: "no-store" });
  if (!r.ok) return;  // no waiting room: the map is all there is
  document.getElementById("queue").hidden = false;
  document.getElementById("join").addEventListener("click", joinQueue);
  if (new URLSearchParams(location.search).has("join") && !localStorage.getItem(queueKey))
    return joinQueue();
  pollQueue();
}

refresh();
openRoom();
