/* jalon.js — enhancements only: every page works without it.
 * On the plan overview, each branch of the tree gets a button that shows or hides
 * its children (aria-expanded says which), and two buttons open or close them all. */
"use strict";
document.addEventListener("DOMContentLoaded", function () {
	var tree = document.querySelector("[data-tree]");
	var bar = document.querySelector("[data-tree-controls]");
	if (!tree || !bar) return;
	var toggles = [];
	tree.querySelectorAll("ul[id^='branch-']").forEach(function (branch) {
		var item = branch.parentElement;
		var link = item.querySelector("a");
		var button = document.createElement("button");
		button.type = "button";
		button.className = "toggle";
		button.setAttribute("aria-expanded", "true");
		button.setAttribute("aria-controls", branch.id);
		button.setAttribute("aria-label", bar.getAttribute("data-toggle-label") + " : " +
			(link ? link.textContent : ""));
		button.textContent = "−";
		button.addEventListener("click", function () {
			set(button, branch, button.getAttribute("aria-expanded") !== "true");
		});
		item.insertBefore(button, item.firstChild);
		toggles.push([button, branch]);
	});
	function set(button, branch, open) {
		button.setAttribute("aria-expanded", open ? "true" : "false");
		button.textContent = open ? "−" : "+";
		branch.hidden = !open;
	}
	[[bar.getAttribute("data-open-label"), true], [bar.getAttribute("data-close-label"), false]]
		.forEach(function (pair) {
			var b = document.createElement("button");
			b.type = "button";
			b.className = "secondary";
			b.textContent = pair[0];
			b.addEventListener("click", function () {
				toggles.forEach(function (t) { set(t[0], t[1], pair[1]); });
			});
			bar.appendChild(b);
		});
});
