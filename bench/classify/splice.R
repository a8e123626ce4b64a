# Writes the StatLog DNA splice-junction data (R package mlbench, Debian r-cran-mlbench) as
# id,split,class,sequence to the file named by the first argument. StatLog codes each of the 60 bases
# as three indicators (A = 100, C = 010, G = 001, T = 000); this turns them back into letters. Rows
# 1-2000 are StatLog's training set, 2001-3186 its test set.
args <- commandArgs(trailingOnly = TRUE)
suppressPackageStartupMessages(library(mlbench))
data(DNA)
bits <- sapply(DNA[, 1:180], function(f) as.integer(as.character(f)))
base <- function(a, c, g) ifelse(a == 1, "A", ifelse(c == 1, "C", ifelse(g == 1, "G", "T")))
letters60 <- sapply(1:60, function(i) base(bits[, 3 * i - 2], bits[, 3 * i - 1], bits[, 3 * i]))
sequence <- apply(letters60, 1, paste, collapse = "")
n <- nrow(DNA)
out <- data.frame(id = seq_len(n), split = ifelse(seq_len(n) <= 2000, "train", "test"),
                  class = DNA$Class, sequence = sequence)
write.csv(out, args[1], row.names = FALSE, quote = FALSE)
