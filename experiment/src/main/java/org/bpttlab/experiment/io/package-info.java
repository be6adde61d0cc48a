/**
 * Files: NumPy {@code .npy} arrays ({@link org.bpttlab.experiment.io.Npy}), JSON documents
 * ({@link org.bpttlab.experiment.io.Json}), CSV tables ({@link org.bpttlab.experiment.io.Csv}), and atomic
 * writing of files and whole output folders ({@link org.bpttlab.experiment.io.AtomicFiles}), so that a
 * failed or killed command never leaves half-written results.
 */
package org.bpttlab.experiment.io;
