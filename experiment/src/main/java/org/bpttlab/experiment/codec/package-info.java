/**
 * One JSON codec per spec, each the only translation of its spec: {@link
 * org.bpttlab.experiment.codec.NetworkCodec}, {@link org.bpttlab.experiment.codec.OptimizerCodec},
 * {@link org.bpttlab.experiment.codec.TaskCodec}, {@link org.bpttlab.experiment.codec.RuleCodec}.
 * They live here rather than beside the specs so that snn-core and learning-rules stay free of
 * JSON; errors name the field by its path ({@code network.hidden must be ...}).
 */
package org.bpttlab.experiment.codec;
