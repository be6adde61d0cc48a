/**
 * Files: NumPy {@code .npy} arrays ({@link org.bpttlab.results.io.Npy}), JSON documents
 * ({@link org.bpttlab.results.io.Json}), CSV tables ({@link org.bpttlab.results.io.Csv}), and atomic
 * writing of files and whole output folders ({@link org.bpttlab.results.io.AtomicFiles}), so that a
 * failed or killed command never leaves half-written results.
 */
package org.bpttlab.results.io;
