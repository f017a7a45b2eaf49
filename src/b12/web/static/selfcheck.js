// The symptom question: a search box that narrows the groups to the symptoms whose words
// match what is typed. Without this script every symptom is simply shown.
"use strict";
(() => {
  const groups = document.getElementById("symptom-groups");
  if (!groups) return;
  const box = groups.querySelector(".symptom-search");
  const input = document.getElementById("symptom-filter");
  box.hidden = false;
  input.addEventListener("input", () => {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    for (const group of groups.querySelectorAll(".symptom-group")) {
      let shown = 0;
      for (const option of group.querySelectorAll(".option")) {
        const text = option.textContent.toLowerCase();
        const match = words.every((w) => text.includes(w)) || option.querySelector("input").checked;
        option.hidden = !match;
        if (match) shown += 1;
      }
      group.hidden = shown === 0;
    }
  });
})();
