/**
 * Exports for checking bpttlab outside Java: {@link org.bpttlab.results.export.GradientExport}
 * writes a network's parameters, a random batch and every rule's gradient as NumPy files with a
 * {@code model.json} (format: docs/gradients.md).
 */
package org.bpttlab.results.export;
