/** Future-facing BPTT (F-BPTT, Marschall, Cho &amp; Savin 2020): credit over a sliding window. */
package org.bpttlab.rules.fbptt;
