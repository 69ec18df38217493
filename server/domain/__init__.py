"""The school's rules, without HTTP: who is in the school, what a pupil's portfolio holds, what
adults at home add, what is planned. Functions take a store (or a transaction of one) and
return plain records; nothing here imports Starlette or Jinja."""
