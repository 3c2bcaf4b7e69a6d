/** Versioned, effective-dated model price tables and the cost of one request (SPEC R1). */
package com.creditledger.rating.price;
