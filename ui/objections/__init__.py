"""异议处理: the case list, intake, the case view and one small dialog per workflow action."""
