"""数据归集: providers' batch files — dry run, commit, return file, recent batches (issue 9)."""
