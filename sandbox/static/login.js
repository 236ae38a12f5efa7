"use strict";
renderLogin();
