/** The lagged "add" task of Marschall, Cho &amp; Savin 2020, one stream for online learning. */
package org.bpttlab.tasks.onlineadd;
