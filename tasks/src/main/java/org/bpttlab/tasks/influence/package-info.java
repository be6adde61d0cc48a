/** The influence balancing stream of Tallec &amp; Ollivier 2018 (UORO), section 6. */
package org.bpttlab.tasks.influence;
