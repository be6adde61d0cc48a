/** The delayed non-match task of vanilla-rtrl: do two stimuli a delay apart differ? */
package org.bpttlab.tasks.nonmatch;
