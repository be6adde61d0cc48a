/**
 * Figures and the HTML report of a run, drawn only from the files the run wrote (figures never
 * simulate). {@link org.bpttlab.results.figures.Figures#drawAll} reads whichever of
 * {@code metrics.csv}, {@code alignment.csv}, {@code summary.csv}, {@code lag.csv},
 * {@code cost.csv}, {@code points.csv} and {@code analysis/*.csv} (the dynamics figures) a folder
 * holds and writes each figure as PNG and SVG under
 * {@code figures/} (jfreechart and JFreeSVG, headless, one colour per rule in every figure);
 * {@link org.bpttlab.results.figures.Report#write} writes {@code report.html}, one self-contained
 * page with the config, the tables and the figures. {@code plot}, {@code run}, {@code compare}
 * and {@code reproduce} all call these two. The figures and their inputs: docs/figures.md.
 */
package org.bpttlab.results.figures;
