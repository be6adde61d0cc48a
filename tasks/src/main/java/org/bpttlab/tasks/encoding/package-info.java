/**
 * How task inputs become network inputs: as values ({@code encoding=rate}) or as Poisson spike
 * trains on a 1 ms grid ({@code encoding=spiking}); {@link org.bpttlab.tasks.encoding.PoissonEncoder}
 * is the one place spikes are drawn.
 */
package org.bpttlab.tasks.encoding;
