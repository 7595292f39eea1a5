// The intake form (cases/intake): organisation fields only for organisations, a file chosen for a line
// marks it uploaded, one button records every applicant-supplied line as handed in on paper, and a hint
// says what submitting will do. The server decides; this only helps the clerk see it coming.
(function () {
  "use strict";
  const form = document.getElementById("intake-form");
  if (!form) return;

  function chosen(row) {
    const checked = row.querySelector("input[type=radio]:checked");
    return checked ? checked.value : "";
  }

  function missing(row) {
    if (row.dataset.source === "department") return false;
    const value = chosen(row);
    if (value === "missing" || value === "") return true;
    if (value === "certificate") {
      const found = row.querySelector("[data-found]");
      return found !== null && found.dataset.found === "0";
    }
    return false;
  }

  function update() {
    const organisation = form.querySelector("input[name=applicant_kind]:checked");
    const isOrganisation = organisation && organisation.value === "organisation";
    form.querySelectorAll("[data-group=organisation]").forEach(function (el) {
      el.classList.toggle("d-none", !isOrganisation);
    });
    const finish = form.querySelector("input[name=finish_now]");
    form.querySelectorAll("[data-group=finish]").forEach(function (el) {
      el.classList.toggle("d-none", !(finish && finish.checked));
    });
    let required = 0;
    let deferrable = 0;
    form.querySelectorAll("tr[data-material]").forEach(function (row) {
      if (!missing(row)) return;
      if (row.dataset.requirement === "required") required += 1;
      if (row.dataset.requirement === "deferrable") deferrable += 1;
    });
    const commitment = form.querySelector("input[name=commitment_signed]");
    let outcome = "accept";
    if (required > 0 || (deferrable > 0 && !(commitment && commitment.checked))) outcome = "notice";
    else if (deferrable > 0) outcome = "deferred";
    form.querySelectorAll("[data-outcome]").forEach(function (el) {
      el.classList.toggle("d-none", el.dataset.outcome !== outcome);
    });
    form.querySelectorAll("[data-missing-count]").forEach(function (el) {
      el.textContent = String(required + deferrable);
    });
  }

  form.addEventListener("change", function (event) {
    const input = event.target;
    if (input.type === "file" && input.files && input.files.length) {
      const upload = input.closest("tr").querySelector("input[type=radio][value=upload]");
      if (upload) upload.checked = true;
    }
    update();
  });

  form.querySelectorAll("[data-action=all-paper]").forEach(function (button) {
    button.addEventListener("click", function () {
      form.querySelectorAll("tr[data-source=applicant]").forEach(function (row) {
        const paper = row.querySelector("input[type=radio][value=paper]");
        if (paper && chosen(row) !== "upload") paper.checked = true;
      });
      update();
    });
  });

  document.body.addEventListener("htmx:afterSettle", update);
  update();
})();
