"""信用修复: the repair case list, the intake wizard, the case view and its action dialogs."""
