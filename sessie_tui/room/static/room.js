// The phone page of a shared meeting (sessie-tui): follows the state pushed on /ws and
// posts what the participant does. Every text from the meeting is set with textContent,
// never as HTML; every page text comes from the catalog through data-* attributes.
// Same origin only: the socket and every request are built from this page's location.
"use strict";

(function () {
  const body = document.body;
  const page = body.dataset.page;

  function csrfToken() {
    const meta = document.querySelector('meta[name="csrf"]');
    return meta ? meta.getAttribute("content") : "";
  }

  if (page === "waiting") {
    // Waiting to be admitted: look again every few seconds; once "/" is another page,
    // show it.
    const look = function () {
      fetch("/", { credentials: "same-origin", cache: "no-store" })
        .then(function (answer) { return answer.ok ? answer.text() : ""; })
        .then(function (text) {
          if (text && text.indexOf('data-page="waiting"') === -1) {
            window.location.reload();
          }
        })
        .catch(function () {})
        .finally(function () { window.setTimeout(look, 3000); });
    };
    window.setTimeout(look, 3000);
    return;
  }
  if (page !== "room") {
    return;
  }

  const strings = JSON.parse(body.dataset.strings || "{}");
  const lang = body.dataset.lang || document.documentElement.lang || "nl";
  const WARNING_SECONDS = 60; // when the state names no warning point of its own

  function text(key, params) {
    const template = strings[key] || key;
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return params && Object.prototype.hasOwnProperty.call(params, name)
        ? String(params[name]) : whole;
    });
  }

  function byId(id) {
    return document.getElementById(id);
  }

  function setText(id, value) {
    const element = byId(id);
    if (element && element.textContent !== value) {
      element.textContent = value;
    }
  }

  function show(id, visible) {
    const element = byId(id);
    if (element) {
      element.hidden = !visible;
    }
  }

  function announce(message) {
    // Polite, and only for what changes rarely (phase, warning, time up, the end).
    const region = byId("announce");
    region.textContent = "";
    window.setTimeout(function () { region.textContent = message; }, 50);
  }

  let state = JSON.parse(body.dataset.state || "{}");
  let received = performance.now();
  let lastClockPhase = null;

  // --- the clock, counting on by itself between messages -------------------------

  function clockNow(clock) {
    const passed = clock.running ? (performance.now() - received) / 1000 : 0;
    const warningAt = typeof clock.warning_seconds === "number"
      ? clock.warning_seconds : WARNING_SECONDS;
    let phase = clock.state;
    let seconds;
    if (clock.counts === "down") {
      const left = clock.seconds - passed;
      if (left <= 0 && clock.state !== "untimed") {
        phase = "overtime";
        seconds = -left;
      } else {
        seconds = left;
        if (phase === "running" && left <= warningAt) {
          phase = "warning";
        }
      }
    } else {
      seconds = clock.seconds + passed;
    }
    return { phase: phase, seconds: seconds, down: clock.counts === "down" && phase !== "overtime" };
  }

  function clockText(now) {
    const whole = now.down ? Math.ceil(now.seconds) : Math.floor(now.seconds);
    const minutes = Math.floor(whole / 60);
    const rest = String(whole % 60).padStart(2, "0");
    return (now.phase === "overtime" ? "+" : "") + minutes + ":" + rest;
  }

  function renderClock() {
    const clock = state.clock;
    if (!clock || state.status === "ended") {
      return;
    }
    const now = clockNow(clock);
    setText("clock-time", clockText(now));
    let label = "clock_elapsed";
    if (now.phase === "overtime") {
      label = "clock_over";
    } else if (now.down) {
      label = "clock_left";
    }
    setText("clock-label", text(label));
    const words = [];
    if (now.phase === "overtime") {
      words.push(text("clock_overtime"));
    } else if (now.phase === "warning") {
      words.push(text("clock_warning"));
    } else if (now.phase === "untimed") {
      words.push(text("clock_untimed"));
    }
    words.push(text(clock.running ? "clock_running" : "clock_paused"));
    setText("clock-state", words.join(" · "));
    const section = byId("clock");
    const wanted = "clock clock-" + now.phase;
    if (section.className !== wanted) {
      section.className = wanted;
    }
    if (lastClockPhase !== null && lastClockPhase !== now.phase) {
      if (now.phase === "warning") {
        announce(text("announce_warning"));
      } else if (now.phase === "overtime") {
        announce(text("announce_overtime"));
      }
    }
    lastClockPhase = now.phase;
  }

  // --- rendering a state message ----------------------------------------------------

  let lastCardText = byId("card-text") ? byId("card-text").value : "";
  let lastRemark = byId("ballot-remark") ? byId("ballot-remark").value : "";

  function decimal(value) {
    return new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 })
      .format(value);
  }

  function listOf(id, items, fill) {
    const list = byId(id);
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
    items.forEach(function (item, index) {
      const entry = document.createElement("li");
      fill(entry, item, index);
      list.appendChild(entry);
    });
  }

  function render(previous) {
    const status = state.status;
    const running = status === "running";
    const ended = status === "ended";
    const phase = state.phase || null;
    const me = state.me || {};
    const written = state.written || null;
    const evaluation = state.evaluation || null;

    show("ended", ended);
    show("not-started", status === "setup");
    show("phase", !ended && !!phase);
    show("clock", !ended && !!state.clock);
    if (state.session && state.session.topic) {
      show("topic", true);
      setText("topic-text", state.session.topic);
    }
    if (phase) {
      setText("phase-number", text("phase_number", { number: phase.number, total: phase.total }));
      setText("phase-title", phase.title || "");
      setText("phase-rule", phase.rule || "");
      setText("phase-silent", phase.silent || "");
      show("phase-silent", !!phase.silent);
    }

    const speaker = state.speaker || null;
    show("speaker", !ended && !!speaker);
    if (speaker) {
      setText("speaker-now", speaker.now || text("nobody"));
      setText("speaker-next", speaker.next || "");
      show("speaker-next-line", !!speaker.next);
    }

    // A card of one's own, sealed until the reveal; then every revealed card.
    const writing = running && !!written && !written.revealed;
    show("card", writing);
    if (written) {
      setText("written-count", text("written", { count: written.count, of: written.of }));
    }
    const card = me.card || null;
    const area = byId("card-text");
    if (area.value === lastCardText && document.activeElement !== area) {
      area.value = card ? card.text : "";
      lastCardText = area.value;
    }
    setText("card-save", text(card ? "card_change" : "card_save"));
    show("card-withdraw-form", !!card);

    const cards = state.cards || [];
    show("cards", !!written && written.revealed);
    show("cards-none", cards.length === 0);
    listOf("cards-list", cards, function (entry, item) {
      const words = document.createElement("p");
      words.className = "card-text";
      words.textContent = item.text;
      const name = document.createElement("p");
      name.className = "card-name";
      name.textContent = item.name || text("anonymous");
      entry.appendChild(words);
      entry.appendChild(name);
    });

    // The case round: propose a case, and vote for one.
    const round = state.case_round || null;
    show("case-round", !ended && !!round);
    if (round) {
      show("case-form", !!round.proposing);
      show("case-dots", !!round.choosing);
      if (round.choosing) {
        setText("case-dots", text("case_dots_left", { count: round.dots_left, dots: round.dots }));
      }
      show("case-none", round.proposals.length === 0);
      listOf("case-list", round.proposals, function (entry, item) {
        const title = document.createElement("p");
        title.className = "case-title";
        title.textContent = item.title + (item.chosen ? " (" + text("case_chosen") + ")" : "");
        const by = document.createElement("p");
        by.className = "case-by";
        by.textContent = text("case_by", { name: item.by })
          + (typeof item.votes === "number" ? " · " + text("case_votes", { count: item.votes }) : "");
        entry.appendChild(title);
        entry.appendChild(by);
        if (round.choosing) {
          const vote = document.createElement("button");
          vote.type = "button";
          vote.className = "secondary";
          vote.textContent = text("case_vote");
          vote.disabled = round.dots_left === 0 && round.dots > 1;
          vote.addEventListener("click", function () { postJson("/api/case/vote", { proposal: item.id }, voted); });
          entry.appendChild(vote);
          if (item.my_dots > 0) {
            const back = document.createElement("button");
            back.type = "button";
            back.className = "link";
            back.textContent = text("case_unvote");
            back.addEventListener("click", function () { postJson("/api/case/vote", { proposal: item.id, back: true }, voted); });
            entry.appendChild(back);
          }
        }
      });
    }

    // The anonymous evaluation.
    show("evaluation", !ended && !!evaluation);
    if (evaluation) {
      setText("evaluation-answered", text("answered", { answered: evaluation.answered, of: evaluation.of }));
      show("ballot-form", !evaluation.closed);
      show("evaluation-result", !!evaluation.closed);
      setText("evaluation-mean", typeof evaluation.mean === "number"
        ? text("mean", { mean: decimal(evaluation.mean) }) : "");
      listOf("evaluation-distribution", evaluation.distribution || [], function (entry, count, index) {
        entry.textContent = text("distribution", { score: index + 1, count: count });
      });
      const ballot = me.ballot || null;
      const remark = byId("ballot-remark");
      if (ballot && remark.value === lastRemark && document.activeElement !== remark) {
        remark.value = ballot.remark || "";
        lastRemark = remark.value;
        document.querySelectorAll('#ballot-form input[name="score"]').forEach(function (radio) {
          radio.checked = Number(radio.value) === ballot.score;
        });
      }
    }

    show("note", !ended && me.role === "note_taker");

    show("ready", running);
    const pressed = !!me.ready;
    byId("ready-button").setAttribute("aria-pressed", pressed ? "true" : "false");
    byId("ready-value").value = pressed ? "false" : "true";
    if (state.ready) {
      setText("ready-count", text("ready_count", { count: state.ready.count, of: state.ready.of }));
    }

    renderClock();

    if (previous) {
      if (ended && previous.status !== "ended") {
        announce(text("ended"));
      } else if (phase && (!previous.phase || previous.phase.index !== phase.index)) {
        announce(text("announce_phase", { number: phase.number, total: phase.total, title: phase.title }));
      }
    }
  }

  function receive(message) {
    if (!message || typeof message !== "object" || message.v !== 1) {
      return;
    }
    if (message.me === null && message.device) {
      // Not (or no longer) admitted or named: the server shows the right page.
      window.location.reload();
      return;
    }
    const previous = state;
    state = message;
    received = performance.now();
    render(previous);
    if (!body.dataset.liveAt) {
      // When the page first showed the meeting as pushed (ms since this page was asked
      // for): the benchmark's "page ready", and a sign for tests.
      body.dataset.liveAt = String(Math.round(received));
    }
  }

  // --- the socket, reconnecting with backoff --------------------------------------

  let delay = 500;
  let socket = null;
  let wasLost = false;

  function connection(message) {
    const line = byId("connection");
    line.textContent = message || "";
    line.hidden = !message;
  }

  function connect() {
    socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws");
    socket.addEventListener("open", function () {
      body.dataset.connected = "true";
      delay = 500;
      if (wasLost) {
        connection(text("connection_back"));
        window.setTimeout(function () {
          if (socket && socket.readyState === WebSocket.OPEN) {
            connection("");
          }
        }, 3000);
      }
      wasLost = false;
    });
    socket.addEventListener("message", function (event) {
      let message = null;
      try {
        message = JSON.parse(event.data);
      } catch (error) {
        return;
      }
      receive(message);
    });
    socket.addEventListener("close", function () {
      body.dataset.connected = "false";
      socket = null;
      if (state.status === "ended") {
        return; // the share stops after the end: nothing to come back to
      }
      wasLost = true;
      connection(text("connection_lost"));
      window.setTimeout(connect, delay);
      delay = Math.min(delay * 2, 10000);
    });
  }

  // --- what the participant does --------------------------------------------------

  const DONE = {
    card: "card_saved", withdraw: "card_withdrawn", ballot: "evaluation_sent", note: "note_saved", case: "case_sent",
  };

  // Every request the page makes (a form, a vote button): the session's headers, and a
  // refusal or a lost connection said in the same place. `accepted` runs on success.
  function postJson(path, data, accepted) {
    return fetch(path, {
      method: "POST",
      credentials: "same-origin",
      cache: "no-store",
      headers: { "Content-Type": "application/json", "X-Sessie-Csrf": csrfToken() },
      body: JSON.stringify(data),
    }).then(function (answer) {
      return answer.json().catch(function () { return {}; }).then(function (reply) {
        if (answer.ok) {
          accepted();
        } else {
          feedback(text("refused", { error: reply.error || String(answer.status) }), true);
        }
      });
    }).catch(function () {
      feedback(text("offline"), true);
    });
  }

  function voted() {
    feedback(text("case_voted"), false);
  }

  function feedback(message, isError) {
    const ok = byId("feedback");
    const bad = byId("error");
    ok.hidden = true;
    bad.hidden = true;
    const target = isError ? bad : ok;
    target.textContent = message;
    target.hidden = false;
  }

  function payload(form, kind) {
    const data = {};
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrf") {
        data[name] = value;
      }
    });
    if (kind === "ready") {
      data.ready = data.ready === "true";
    }
    if (kind === "case") {
      data.urgency = Number(data.urgency);
    }
    if (kind === "ballot") {
      data.score = data.score ? Number(data.score) : null;
      data.remark = data.remark || "";
    }
    return data;
  }

  function send(form) {
    const kind = form.dataset.api;
    const data = payload(form, kind);
    return postJson(form.getAttribute("action"), data, function () {
      if (kind === "card") {
        lastCardText = data.text;
      } else if (kind === "withdraw") {
        lastCardText = byId("card-text").value = "";
      } else if (kind === "ballot") {
        lastRemark = data.remark;
      } else if (kind === "note") {
        byId("note-text").value = "";
      } else if (kind === "case") {
        byId("case-title").value = "";
      } else if (kind === "ready") {
        state.me = Object.assign({}, state.me, { ready: data.ready });
        render(null);
      }
      if (DONE[kind]) {
        feedback(text(DONE[kind]), false);
      }
    });
  }

  document.querySelectorAll("form[data-api]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      send(form);
    });
  });

  render(null);
  window.setInterval(renderClock, 250);
  connect();
})();
