// Placeholder: filled by unit tests that need `vscode`; see tests under test/unit.
export {};
