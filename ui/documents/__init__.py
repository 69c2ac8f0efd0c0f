"""报告与文书: preview, print, reprint and verify issued documents (issue 8)."""
