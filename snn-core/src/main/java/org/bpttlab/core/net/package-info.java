/** The network: a cell, a readout, a loss and a regulariser, stepped forward over a batch. */
package org.bpttlab.core.net;
