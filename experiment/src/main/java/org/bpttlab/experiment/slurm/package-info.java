/**
 * SLURM job arrays for a sweep folder ({@link org.bpttlab.experiment.slurm.JobArray}): SLURM
 * schedules, bpttlab only writes the array script and submits it with {@code sbatch}.
 */
package org.bpttlab.experiment.slurm;
