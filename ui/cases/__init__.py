"""What the case screens (异议处理, 信用修复) share: dates and deadline texts, file pickers, the
intake wizard's frame with its subject and applicant steps, the case list, the case view's frame
(title, actions, timeline, letters and files) and the action dialogs' frame, and the screen that
switches between list and case. Each screen keeps only what is its own."""
