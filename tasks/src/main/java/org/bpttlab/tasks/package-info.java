/**
 * Task generators: the {@link org.bpttlab.tasks.Task} interface and the registry
 * {@link org.bpttlab.tasks.Tasks}. Each task lives in its own sub-package ({@code adding}, ...).
 * Tasks never see a learning rule.
 */
package org.bpttlab.tasks;
